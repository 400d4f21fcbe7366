console.log('setup pending')
